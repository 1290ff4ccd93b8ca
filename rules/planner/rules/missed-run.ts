import { defineRule } from '../rule';

export const R_MISSED = defineRule({
  id: 'R-MISSED',
  title: 'missed key run',
  trigger: 'A hard run planned in the last 7 days (imported plan or weekly template) did not happen as a hard day.',
  action: 'The paired strength moves with the rescheduled hard run (an upcoming hard day in the next 7 days); if there is none, the week\'s session becomes maintenance (1 set per exercise, RIR ≥ 3) on an easy day.',
  reason: 'Without the hard run, a short maintenance session keeps your gains without piling on fatigue.',
  source: 'Spiering 2021; Runna realignment after ≥ 3 missed',
});
