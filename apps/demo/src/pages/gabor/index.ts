import type { DemoPage } from '../../shell/page';
import { jointExperiment } from './joint-experiment';
import { kernelExplorer } from './kernel-explorer';
import { thetaExperiment } from './theta-experiment';

/** Page 4: the Gabor kernel, the θ-recovery experiment and why it cycles, then all five parameters. */
export const page: DemoPage = {
  slug: 'gabor',
  title: 'Learning a Gabor filter',
  question: 'Why does a learned Gabor orientation θ cycle instead of converging?',
  mount(root, ctx) {
    const theta = thetaExperiment(ctx);
    const joint = jointExperiment(ctx);
    root.append(kernelExplorer(ctx), theta.element, joint.element);
    return () => {
      theta.dispose();
      joint.dispose();
    };
  },
};
