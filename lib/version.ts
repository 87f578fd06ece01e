import pkg from '../package.json' with { type: 'json' };

export const sundialVersion: string = pkg.version;
