// Asks for the MQTT broker's user name and password when it refused the connection as not authorised. The
// credentials go to the live feed (which keeps them in sessionStorage for this tab), never into the URL.
import { Alert, Form, Input, Modal } from 'antd';
import { useTranslation } from 'react-i18next';
import { useAppState } from '../../state/react/useAppState';

interface Fields {
  username: string;
  password: string;
}

export function BrokerLogin({ onLogin }: { onLogin: (username: string, password: string) => void }) {
  const { t } = useTranslation();
  const status = useAppState((s) => s.live.status);
  const authError = useAppState((s) => s.live.authError);
  const [form] = Form.useForm<Fields>();
  const submit = (v: Fields) => {
    onLogin(v.username, v.password);
    form.resetFields(['password']);
  };
  return (
    <Modal
      open={status === 'unauthorized'}
      title={t('live.login.title')}
      okText={t('live.login.connect')}
      closable={false}
      mask={{ closable: false }}
      keyboard={false}
      cancelButtonProps={{ style: { display: 'none' } }}
      onOk={() => form.submit()}
      okButtonProps={{ id: 'broker-login-ok' }}
      wrapClassName="cim-broker-login"
      forceRender
    >
      <Alert type="warning" showIcon title={t('live.login.refused')} description={authError} style={{ marginBottom: 12 }} />
      <Form form={form} layout="vertical" onFinish={submit} autoComplete="off">
        <Form.Item name="username" label={t('live.login.username')} rules={[{ required: true, message: t('live.login.required') }]}>
          <Input autoFocus data-testid="broker-username" />
        </Form.Item>
        <Form.Item name="password" label={t('live.login.password')}>
          <Input.Password data-testid="broker-password" onPressEnter={() => form.submit()} />
        </Form.Item>
      </Form>
      <div style={{ fontSize: 12, opacity: 0.7 }}>{t('live.login.note')}</div>
    </Modal>
  );
}
