// Entry: reads the shared view from the URL, creates the store and mounts the app.
import 'cesium/Build/Cesium/Widgets/widgets.css';
// antd's styles as one static sheet (App's ConfigProvider runs antd in zero-runtime mode): no style is
// generated and injected while a panel first renders, which kept long tasks on the page.
import 'antd/dist/antd.css';
import { createRoot } from 'react-dom/client';
import { AppStoreContext } from '../state/react/useAppState';
import { createAppStore } from '../state/store';
import { parseUrlState } from '../state/urlState';
import { initI18n } from '../ui/i18n/i18n';
import { App } from './App';
import './app.css';

const initial = parseUrlState(location.search);
initI18n(initial.lang);
const store = createAppStore(initial);

createRoot(document.getElementById('root')!).render(
  <AppStoreContext.Provider value={store}>
    <App store={store} />
  </AppStoreContext.Provider>,
);
