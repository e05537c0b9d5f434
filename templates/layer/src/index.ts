export type { LayerTemplateOptions } from './layer-template';
export { LayerTemplate } from './layer-template';
export { layerTemplate } from './layer-template-op';
