import { defineRule } from '../rule';

export const R_BRACE = defineRule({
  id: 'R-BRACE',
  title: 'brace around B/C races',
  trigger: 'A B or C race.',
  action: 'No strength from race −2 days to race +2 days.',
  reason: "Racing is your hard day; lift once you've recovered.",
  source: '[H] from Doma 2019',
});
