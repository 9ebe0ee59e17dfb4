import { describe, expect, it } from 'vitest';
import { AUDIT_ACTIONS } from '@zhongli/domain';
import { AUDIT_ACTION_LABELS, auditActionLabel } from './actionLabels';

describe('操作记录 labels', () => {
  it('name every action the server writes (the registry recordAudit is typed by) in Chinese', () => {
    const missing = AUDIT_ACTIONS.filter((action) => !AUDIT_ACTION_LABELS[action]);
    expect(missing).toEqual([]);
  });

  it('are words, not codes', () => {
    for (const action of AUDIT_ACTIONS) expect(auditActionLabel(action)).toMatch(/^[\u4e00-\u9fff]/);
    expect(auditActionLabel('unknown.action')).toBe('其他操作');
  });
});
