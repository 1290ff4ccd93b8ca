/**
 * `n` copies of `value` in a plain array. Written as a loop: `new Array(n).fill(value)` calls
 * into a builtin per array, and the planner fills about fifteen small arrays per plan.
 */
export function filled<T>(n: number, value: T): T[] {
  const out: T[] = new Array(n);
  for (let i = 0; i < n; i++) out[i] = value;
  return out;
}
