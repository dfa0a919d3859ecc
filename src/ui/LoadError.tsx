// A full-width error when the city cannot be loaded, naming the file at fault.
import { Alert } from 'antd';
import { useTranslation } from 'react-i18next';
import { useAppState } from '../state/react/useAppState';
import { dataFileErrorText } from './errorText';

export function LoadError() {
  const { t } = useTranslation();
  const load = useAppState((s) => s.load);
  const lang = useAppState((s) => s.lang);
  if (load.phase !== 'error') return null;
  return (
    <Alert
      className="cim-load-error"
      type="error"
      showIcon
      title={t('load.failed')}
      description={load.problem ? dataFileErrorText(load.problem, lang) : load.error}
      data-testid="load-error"
    />
  );
}
