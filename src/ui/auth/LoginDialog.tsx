// The log-in dialog of server mode: user name and password, sent to the server; its refusal is shown as it says it.
// Opened from the badge, or by a request that found the session ended.
import { Alert, Form, Input, Modal } from 'antd';
import { useRef, useState } from 'react';
import type { InputRef } from 'antd';
import { useTranslation } from 'react-i18next';
import { useAppState, useAppStore } from '../../state/react/useAppState';
import { actions } from '../../state/store';
import type { AuthActions } from './authActions';

interface Fields {
  name: string;
  password: string;
}

export function LoginDialog({ auth }: { auth: AuthActions }) {
  const { t } = useTranslation();
  const store = useAppStore();
  const login = useAppState((s) => s.session.login);
  const [form] = Form.useForm<Fields>();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const nameInput = useRef<InputRef>(null);
  const submit = async (v: Fields) => {
    setBusy(true);
    setError(null);
    try {
      await auth.login(v.name.trim(), v.password);
      form.resetFields();
    } catch (err) {
      setError((err as Error).message);
      form.resetFields(['password']);
    } finally {
      setBusy(false);
    }
  };
  const close = () => {
    setError(null);
    actions.showLogin(store, false);
  };
  return (
    <Modal
      open={login !== null}
      title={t('auth.title')}
      okText={t('auth.signIn')}
      onOk={() => form.submit()}
      onCancel={close}
      confirmLoading={busy}
      okButtonProps={{ 'data-testid': 'login-submit' }}
      wrapClassName="cim-login"
      forceRender
      afterOpenChange={(open) => open && nameInput.current?.focus()}
    >
      {login === 'expired' && <Alert type="warning" showIcon title={t('auth.expired')} style={{ marginBottom: 12 }} />}
      <Form form={form} layout="vertical" onFinish={submit} autoComplete="on">
        <Form.Item name="name" label={t('auth.name')} rules={[{ required: true, whitespace: true, message: t('auth.required') }]}>
          <Input ref={nameInput} autoComplete="username" data-testid="login-name" />
        </Form.Item>
        <Form.Item name="password" label={t('auth.password')} rules={[{ required: true, message: t('auth.required') }]}>
          <Input.Password autoComplete="current-password" data-testid="login-password" onPressEnter={() => form.submit()} />
        </Form.Item>
      </Form>
      {error && <Alert type="error" showIcon title={t('auth.failed', { message: error })} data-testid="login-error" />}
    </Modal>
  );
}
