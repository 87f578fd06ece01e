/** "1 run", "2 runs", "0 runs": a number with its noun (regular English plurals only). */
export const count = (n: number, noun: string): string => `${n} ${noun}${n === 1 ? '' : 's'}`;
