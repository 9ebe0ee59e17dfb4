// @vitest-environment happy-dom
import { describe, expect, it, vi } from 'vitest';
import { flushPromises, mount } from '@vue/test-utils';
import { PASSWORD_MESSAGES } from '@zhongli/domain';
import { ApiError } from '../../../shared/http';
import { accountsApi } from '../api';
import ChangePasswordForm from './ChangePasswordForm.vue';

async function submit(newPassword: string, props: { withRole?: boolean } = {}) {
  const wrapper = mount(ChangePasswordForm, { props });
  await wrapper.get('[data-testid="current-password"]').setValue('old-password-1');
  await wrapper.get('[data-testid="new-password"]').setValue(newPassword);
  await wrapper.get('[data-testid="confirm-password"]').setValue(newPassword);
  await wrapper.get('form').trigger('submit');
  await flushPromises();
  return wrapper;
}

describe('ChangePasswordForm', () => {
  it('shows the password rule under the new password before sending anything', async () => {
    const send = vi.spyOn(accountsApi, 'changePassword');
    const wrapper = await submit('12345678');
    expect(wrapper.text()).toContain(PASSWORD_MESSAGES.SEQUENCE);
    expect(send).not.toHaveBeenCalled();
  });

  it("shows the server's field message under the new password (the staff rule, which only the server knows)", async () => {
    vi.spyOn(accountsApi, 'changePassword').mockRejectedValue(
      new ApiError('VALIDATION_FAILED', '提交的信息有误，请检查后重试', 400, [
        { field: 'newPassword', message: PASSWORD_MESSAGES.STAFF },
      ]),
    );
    const wrapper = await submit('tongche26');
    const field = wrapper.get('[data-testid="new-password"]').element.closest('.van-field');
    expect(field?.textContent).toContain(PASSWORD_MESSAGES.STAFF);
  });

  it("holds an account with a role to the roles' rule before sending: a resident-grade password is not enough", async () => {
    const send = vi.spyOn(accountsApi, 'changePassword').mockResolvedValue(undefined);
    send.mockClear(); // the spy is shared with the tests above
    const wrapper = await submit('tongche26', { withRole: true });
    expect(wrapper.text()).toContain(PASSWORD_MESSAGES.STAFF);
    expect(send).not.toHaveBeenCalled();
    await submit('tongche26');
    expect(send).toHaveBeenCalledTimes(1);
  });
});
