import { defineRule } from '../rule';

export const R_ACWR_INFO = defineRule({
  id: 'R-ACWR-INFO',
  title: 'ACWR, informational',
  trigger: 'Always.',
  action: 'Compute the EWMA acute:chronic ratio (λ 0.25 / 0.069) in the load series, labelled contested; it triggers nothing.',
  reason: 'Shown for coaches only; the evidence for it is contested.',
  source: 'Williams 2017; Lolli 2019; Impellizzeri 2021; Frandsen 2025',
});
