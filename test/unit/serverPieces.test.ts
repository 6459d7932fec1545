/** The server's small pure parts: receipts, text cleaning, contacts, passwords, filters, the .xlsx writer. */
import { describe, it, expect } from 'vitest';
import { unzipSync, strFromU8 } from 'fflate';
import { newReceipt, normaliseReceipt } from '../../server/comments/receipt.ts';
import { cleanText, validContact } from '../../server/comments/text.ts';
import { hashPassword, verifyPassword } from '../../server/office/password.ts';
import { whereOf } from '../../server/office/filters.ts';
import { xlsx } from '../../server/office/xlsx.ts';
import { toCsv, cst } from '../../server/office/export.ts';
import { splitSql, MIGRATIONS } from '../../server/db/migrate.ts';

describe('receipts', () => {
  it('are 12 unguessable characters, typed back forgivingly', () => {
    const seen = new Set(Array.from({ length: 2000 }, newReceipt));
    expect(seen.size).toBe(2000);
    for (const r of seen) expect(r).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/);
    expect(normaliseReceipt(' 7k3m q9xd 2hfa ')).toBe('7K3M-Q9XD-2HFA');
    expect(normaliseReceipt('oilo-0000-0000')).toBe('0110-0000-0000');
    expect(normaliseReceipt("' OR 1=1 --")).toBeNull();
    expect(normaliseReceipt('7K3M-Q9XD-2HF')).toBeNull();
  });
});

describe('text', () => {
  it('drops control and bidi-override characters, keeps markup as text', () => {
    expect(cleanText('  a\u202Eb\u0000c\r\nd\t ')).toBe('abc\nd');
    expect(cleanText('<b>x</b>')).toBe('<b>x</b>');
  });
  it('a contact is a phone number or an e-mail address', () => {
    for (const ok of ['13800000000', '+86 138 0000 0000', '0351-1234567', 'a.b@example.cn']) expect(validContact(ok)).toBe(true);
    for (const bad of ['call me', '<b>1380000000</b>', 'a@b', '12', 'x@y.z<script>']) expect(validContact(bad)).toBe(false);
  });
});

describe('passwords', () => {
  it('scrypt at the production cost, verified in constant form', async () => {
    const h = await hashPassword('correct horse battery');
    expect(h).toMatch(/^scrypt\$15\$8\$1\$/);
    expect(await verifyPassword('correct horse battery', h)).toBe(true);
    expect(await verifyPassword('correct horse batterY', h)).toBe(false);
    expect(await verifyPassword('x', 'md5$abc')).toBe(false);
    expect(await verifyPassword('x', 'scrypt$30$8$1$AAAA$AAAA')).toBe(false);
  });
});

describe('office filters', () => {
  it('become parameters, never SQL text', () => {
    const w = whereOf({ kind: 'report', county: '140728', element: "plan-sites/x' OR 1=1", q: "50%_off\\", from: '2026-01-01', to: '2026-12-31' });
    expect(w.sql).not.toContain("OR 1=1");
    expect(w.params).toContain('140728');
    expect(w.params).toContain(JSON.stringify([{ layer: 'plan-sites', id: "x' OR 1=1" }]));
    expect(w.params).toContain('%50\\%\\_off\\\\%');
    expect(w.sql).toContain("moderation = ");
    expect(whereOf({ moderation: 'all', withdrawn: '1' }).sql).toBe('');
  });
});

describe('exports', () => {
  it('CSV: BOM, CRLF, formulas defused', () => {
    const csv = toCsv(['a', 'b'], [['=1+1', '平遥'], [null, 3]]);
    expect(csv.startsWith('\uFEFFa,b\r\n')).toBe(true);
    expect(csv).toContain("'=1+1,平遥");
  });
  it('Beijing time', () => {
    expect(cst(new Date('2026-12-05T06:03:00Z'))).toBe('2026-12-05 14:03');
  });
  it('.xlsx: the parts Excel needs, text as inline strings, escaped', () => {
    const files = unzipSync(xlsx('意见汇总表', ['序号', '内容'], [[1, '<script>&"x"'], [2, null]]));
    expect(Object.keys(files).sort()).toEqual(['[Content_Types].xml', '_rels/.rels', 'xl/_rels/workbook.xml.rels', 'xl/styles.xml', 'xl/workbook.xml', 'xl/worksheets/sheet1.xml']);
    const sheet = strFromU8(files['xl/worksheets/sheet1.xml']);
    expect(sheet).toContain('<c r="B2" s="2" t="inlineStr"><is><t xml:space="preserve">&lt;script&gt;&amp;&quot;x&quot;</t></is></c>');
    expect(sheet).toContain('<c r="A2" s="2"><v>1</v></c>');
    expect(sheet).toContain('<autoFilter ref="A1:B3"/>');
  });
});

describe('migrations', () => {
  it('are numbered files, split into statements', () => {
    expect(MIGRATIONS[0]).toMatchObject({ version: 1, name: 'comments' });
    expect(MIGRATIONS.map((m) => m.version)).toEqual([...MIGRATIONS.map((m) => m.version)].sort((a, b) => a - b));
    expect(splitSql('-- c\nCREATE TABLE a (x int);\nCREATE INDEX b ON a (x);\n')).toEqual(['CREATE TABLE a (x int)', 'CREATE INDEX b ON a (x)']);
  });
});
