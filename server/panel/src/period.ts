/** A period the form cannot send: a date left out or half typed ('' from DateField), named by its field. */
export function periodProblem(from: string, to: string): { message: string; field: 'from' | 'to' } | null {
  if (!from) return { field: 'from', message: 'Enter the first day of the period in “From”.' };
  if (!to) return { field: 'to', message: 'Enter the last day of the period in “To”.' };
  return null;
}
