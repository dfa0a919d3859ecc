// Entry: reads the page's options from its URL (once: nothing else reads `location`), creates the store and
// mounts the app.
import 'cesium/Build/Cesium/Widgets/widgets.css';
// antd's styles as one static sheet (App's ConfigProvider runs antd in zero-runtime mode): no style is
// generated and injected while a panel first renders, which kept long tasks on the page.
import 'antd/dist/antd.css';
import { createRoot } from 'react-dom/client';
import { parsePageOptions } from '../state/pageOptions';
import { AppStoreContext } from '../state/react/useAppState';
import { createAppStore } from '../state/store';
import { initI18n } from '../ui/i18n/i18n';
import { App } from './App';
import './app.css';

const options = parsePageOptions(location.href, {
  live: import.meta.env.VITE_CIM_LIVE as string | undefined,
  sta: import.meta.env.VITE_CIM_STA as string | undefined,
});
initI18n(options.view.lang);
const store = createAppStore(options.view);

createRoot(document.getElementById('root')!).render(
  <AppStoreContext.Provider value={store}>
    <App store={store} options={options} />
  </AppStoreContext.Provider>,
);
