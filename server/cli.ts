/**
 * The office's command-line tool (`npm run office -- <command>`), on the same database as the
 * server (DATABASE_URL, or the embedded one in DATA_DIR — stop `npm start` first, PGlite's folder
 * has one owner at a time).
 *
 *   add-user NAME [DISPLAY NAME]   make an office account (password asked, or OFFICE_PASSWORD)
 *   passwd NAME                    set a new password (ends the user's sessions)
 *   disable NAME / enable NAME     bar or re-admit an account
 *   unlock NAME                    lift a lock-out after failed sign-ins
 *   list-users                     accounts, with lock-outs
 *   purge                          delete personal data past the retention period now
 *   migrate                        apply pending migrations and exit
 */
import { createInterface } from 'node:readline';
import { configFromEnv } from './config.ts';
import { openDatabase } from './db/db.ts';
import { migrate } from './db/migrate.ts';
import { hashPassword } from './office/password.ts';
import { purge } from './retention.ts';

const MIN_PASSWORD = 12;

async function askPassword(prompt: string): Promise<string> {
  if (process.env.OFFICE_PASSWORD) return process.env.OFFICE_PASSWORD;
  if (!process.stdin.isTTY) {
    // piped: the first line
    const rl = createInterface({ input: process.stdin });
    for await (const line of rl) return line;
    return '';
  }
  process.stdout.write(prompt);
  return new Promise((resolve) => {
    let s = '';
    process.stdin.setRawMode(true);
    process.stdin.resume();
    process.stdin.on('data', function on(buf: Buffer) {
      for (const ch of buf.toString('utf8')) {
        if (ch === '\r' || ch === '\n') {
          process.stdin.setRawMode(false);
          process.stdin.pause();
          process.stdin.off('data', on);
          process.stdout.write('\n');
          return resolve(s);
        }
        if (ch === '\u0003') process.exit(130);
        if (ch === '\u007f') s = s.slice(0, -1);
        else s += ch;
      }
    });
  });
}

async function newPassword(): Promise<string> {
  const pw = await askPassword('password: ');
  if (pw.length < MIN_PASSWORD) throw new Error(`a password needs at least ${MIN_PASSWORD} characters`);
  if (!process.env.OFFICE_PASSWORD && process.stdin.isTTY && pw !== (await askPassword('again: '))) throw new Error('the two passwords differ');
  return pw;
}

const [cmd, name, ...rest] = process.argv.slice(2);
const config = configFromEnv();
const db = await openDatabase({ url: config.databaseUrl, dataDir: config.dataDir });
try {
  await migrate(db);
  switch (cmd) {
    case 'add-user': {
      if (!name || !/^[\w.@-]{1,64}$/.test(name)) throw new Error('usage: add-user NAME [DISPLAY NAME] (NAME: letters, digits, . _ @ -)');
      const hash = await hashPassword(await newPassword());
      const r = await db.query('INSERT INTO office_users (username, display_name, password_hash) VALUES ($1, $2, $3) ON CONFLICT (username) DO NOTHING RETURNING id', [name, rest.join(' ') || null, hash]);
      if (!r.length) throw new Error(`${name} exists (use passwd to change the password)`);
      console.log(`office account ${name} made`);
      break;
    }
    case 'passwd': {
      const hash = await hashPassword(await newPassword());
      const r = await db.query<{ id: number }>('UPDATE office_users SET password_hash = $2, failed_attempts = 0, locked_until = NULL WHERE username = $1 RETURNING id', [name, hash]);
      if (!r.length) throw new Error(`no account ${name}`);
      await db.query('DELETE FROM office_sessions WHERE user_id = $1', [r[0].id]);
      console.log(`password of ${name} changed; its sessions ended`);
      break;
    }
    case 'disable':
    case 'enable': {
      const r = await db.query<{ id: number }>('UPDATE office_users SET disabled = $2 WHERE username = $1 RETURNING id', [name, cmd === 'disable']);
      if (!r.length) throw new Error(`no account ${name}`);
      if (cmd === 'disable') await db.query('DELETE FROM office_sessions WHERE user_id = $1', [r[0].id]);
      console.log(`${name} ${cmd}d`);
      break;
    }
    case 'unlock': {
      const r = await db.query('UPDATE office_users SET failed_attempts = 0, locked_until = NULL WHERE username = $1 RETURNING id', [name]);
      if (!r.length) throw new Error(`no account ${name}`);
      console.log(`${name} unlocked`);
      break;
    }
    case 'list-users': {
      const rows = await db.query<{ username: string; display_name: string | null; disabled: boolean; locked_until: Date | null; created_at: Date }>(
        'SELECT username, display_name, disabled, locked_until, created_at FROM office_users ORDER BY username',
      );
      for (const u of rows) console.log([u.username, u.display_name ?? '', u.disabled ? 'disabled' : '', u.locked_until && u.locked_until > new Date() ? `locked until ${u.locked_until.toISOString()}` : ''].join('\t'));
      if (!rows.length) console.log('no office accounts yet: npm run office -- add-user NAME');
      break;
    }
    case 'purge':
      console.log(`personal data deleted from ${await purge(db, config.retentionDays)} comments older than ${config.retentionDays} days`);
      break;
    case 'migrate':
      console.log('migrations applied');
      break;
    default:
      console.log('usage: npm run office -- add-user NAME [DISPLAY NAME] | passwd NAME | disable NAME | enable NAME | unlock NAME | list-users | purge | migrate');
      process.exitCode = cmd ? 1 : 0;
  }
} catch (e) {
  console.error((e as Error).message);
  process.exitCode = 1;
} finally {
  await db.close();
}
