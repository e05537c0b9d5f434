import { convkitVitestConfig } from '@convkit/vitest-config';

export default convkitVitestConfig();
