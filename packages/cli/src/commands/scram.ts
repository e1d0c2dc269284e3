// lk scram describe|set|delete: users' SCRAM credentials, through @lk/admin.
import { ScramMechanism } from '@lk/api';
import { printJson, reportFailures, withAdmin } from '../admin-session.ts';
import { intFlag, stringFlag } from '../args.ts';
import type { Command, Context } from '../command.ts';
import { enumName, enumValue } from '../enum-names.ts';
import { UsageError } from '../errors.ts';
import { renderTable } from '../table.ts';

const mechanismFlag = {
  type: 'string',
  short: 'm',
  value: 'MECHANISM',
  help: 'SCRAM-SHA-256 or SCRAM-SHA-512 (required)',
} as const;

function mechanism(ctx: Context): ScramMechanism {
  const text = stringFlag(ctx.args.flags, 'mechanism');
  if (text === undefined) throw new UsageError('--mechanism is required');
  const value = enumValue(ScramMechanism, text);
  if (value === undefined || value === ScramMechanism.UNKNOWN)
    throw new UsageError(`--mechanism must be SCRAM-SHA-256 or SCRAM-SHA-512, got '${text}'`);
  return value;
}

function oneUser(positionals: string[]): string {
  const [user, extra] = positionals;
  if (user === undefined) throw new UsageError('missing USER');
  if (extra !== undefined) throw new UsageError(`unexpected argument '${extra}'`);
  return user;
}

async function readStdin(ctx: Context): Promise<string> {
  let text = '';
  for await (const chunk of ctx.io.stdin) text += String(chunk);
  return text.replace(/\r?\n$/, '');
}

export const scramDescribe: Command = {
  name: 'scram describe',
  summary: "users' SCRAM credentials: mechanism and iterations (no user given: every user)",
  args: '[USER...]',
  connects: true,
  flags: { json: { type: 'boolean', short: 'J', help: 'print JSON' } },
  examples: ['lk scram describe', 'lk scram describe alice -J'],
  async run(ctx) {
    const users = ctx.args.positionals.length > 0 ? ctx.args.positionals : null;
    const described = await withAdmin(ctx, (a) => a.describeScramUsers(users));
    if (ctx.args.flags.json === true) printJson(ctx, described);
    else {
      ctx.io.stdout.write(
        renderTable(
          ['user', 'mechanism', 'iterations'],
          described
            .filter((u) => u.error === null)
            .flatMap((u) =>
              u.credentials.map((c) => [
                u.user,
                enumName(ScramMechanism, c.mechanism).replace(/_/g, '-'),
                c.iterations,
              ]),
            ),
        ),
      );
    }
    return reportFailures(ctx, described, (u) => `user ${u.user}`);
  },
};

export const scramSet: Command = {
  name: 'scram set',
  summary: "set a user's SCRAM password for a mechanism (the salted password is computed here)",
  args: 'USER',
  connects: true,
  flags: {
    mechanism: mechanismFlag,
    password: { type: 'string', value: 'PASSWORD', help: 'the password (visible in ps and shell history)' },
    'password-stdin': { type: 'boolean', help: 'read the password from stdin (one line)' },
    iterations: { type: 'string', value: 'N', help: 'PBKDF2 iterations, 4096 to 16384 (default 4096)' },
  },
  examples: [
    'printf \'%s\' "$ALICE_PASSWORD" | lk scram set alice -m SCRAM-SHA-512 --password-stdin',
    'lk scram set alice -m SCRAM-SHA-256 --password secret --iterations 8192',
  ],
  async run(ctx) {
    const user = oneUser(ctx.args.positionals);
    const m = mechanism(ctx);
    const given = stringFlag(ctx.args.flags, 'password');
    const fromStdin = ctx.args.flags['password-stdin'] === true;
    if ((given === undefined) === !fromStdin)
      throw new UsageError('give exactly one of --password and --password-stdin');
    const password = given ?? (await readStdin(ctx));
    if (password === '') throw new UsageError('the password is empty');
    const iterations = intFlag(ctx.args.flags, 'iterations', 4096, 1);
    const [result] = await withAdmin(ctx, (a) =>
      a.alterScramUsers([{ user, mechanism: m, password, iterations }]),
    );
    if (result?.error === null)
      ctx.log.info(`set the ${stringFlag(ctx.args.flags, 'mechanism')} credential of ${user}`);
    return reportFailures(ctx, result ? [result] : [], (u) => `user ${u.user}`);
  },
};

export const scramDelete: Command = {
  name: 'scram delete',
  summary: "delete a user's SCRAM credential of a mechanism",
  args: 'USER',
  connects: true,
  flags: { mechanism: mechanismFlag },
  examples: ['lk scram delete alice -m SCRAM-SHA-256'],
  async run(ctx) {
    const user = oneUser(ctx.args.positionals);
    const m = mechanism(ctx);
    const [result] = await withAdmin(ctx, (a) => a.alterScramUsers([{ user, mechanism: m, delete: true }]));
    if (result?.error === null)
      ctx.log.info(`deleted the ${stringFlag(ctx.args.flags, 'mechanism')} credential of ${user}`);
    return reportFailures(ctx, result ? [result] : [], (u) => `user ${u.user}`);
  },
};

export const SCRAM_COMMANDS = [scramDescribe, scramSet, scramDelete];
