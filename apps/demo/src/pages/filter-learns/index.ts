import type { DemoPage } from '../../shell/page';
import { filterPanel } from './filter-panel';
import { poolPanel } from './pool-panel';

export const page: DemoPage = {
  slug: 'filter-learns',
  title: 'How a filter learns',
  question: 'How does a convolution filter learn from its error?',
  mount(root, ctx) {
    const filter = filterPanel(ctx);
    const pool = poolPanel(ctx);
    root.append(filter.element, pool.element);
    return () => {
      filter.dispose();
      pool.dispose();
    };
  },
};
