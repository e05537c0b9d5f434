import './styles/base.css';
import { pages } from './shell/pages';
import { startShell } from './shell/shell';

const app = document.getElementById('app');
if (!app) throw new Error('convkit demo: #app element missing from index.html');
startShell(app, pages);
