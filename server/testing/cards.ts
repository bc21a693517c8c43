/** A Luhn-valid 16-digit test card number, different for each n. */
export function testCard(n: number): string {
  const body = `4000${String(n).padStart(11, '0')}`;
  for (let check = 0; check <= 9; check++) {
    const pan = body + check;
    let sum = 0;
    for (let i = 0; i < pan.length; i++) {
      let d = Number(pan[pan.length - 1 - i]);
      if (i % 2 === 1) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
      sum += d;
    }
    if (sum % 10 === 0) return pan;
  }
  throw new Error('unreachable');
}
