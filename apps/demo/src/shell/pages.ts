import { page as filterLearns } from '../pages/filter-learns/index';
import { page as filtersDiffer } from '../pages/filters-differ/index';
import { page as gabor } from '../pages/gabor/index';
import { page as initialisation } from '../pages/initialisation/index';
import { page as train } from '../pages/train/index';
import type { DemoPage } from './page';

/** Every page, in the order the navigation shows them. */
export const pages: readonly DemoPage[] = [
  filterLearns,
  initialisation,
  filtersDiffer,
  gabor,
  train,
];
