// Entry of the browser lab: global styles, then the app shell mounted on #app.

import { mount } from 'svelte';
import 'katex/dist/katex.min.css';
import 'uplot/dist/uPlot.min.css';
import './styles.css';
import App from './App.svelte';

const target = document.getElementById('app');
if (!target) throw new Error('index.html has no #app element to mount the lab on');
mount(App, { target });
