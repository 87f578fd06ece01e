/** The first admin the e2e server is started with. */
export const e2eAdmin = { email: 'admin@e2e.test', password: 'correct horse battery staple' };
