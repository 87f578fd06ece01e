import bcrypt from 'bcryptjs';

// Cost 12 is about a quarter of a second per hash: slow for guessing, fine for sign-in.
const COST = 12;

export const hashPassword = (password: string): Promise<string> => bcrypt.hash(password, COST);
export const verifyPassword = (password: string, hash: string): Promise<boolean> => bcrypt.compare(password, hash);
