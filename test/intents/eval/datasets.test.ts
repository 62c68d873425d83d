import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  DatasetError,
  loadDataset,
  loadDatasetSplits,
  parseCsv,
  parseDataset,
} from '../../../intents/eval/datasets.ts';

const fixture = (name: string): string => path.join(import.meta.dirname, '../../fixtures/datasets', name);

describe('parseCsv', () => {
  it('handles quoted commas, doubled quotes, newlines and CRLF', () => {
    expect(parseCsv('a,b\r\n"x, y","say ""hi"""\r\n"l1\nl2",z\n')).toEqual([
      ['a', 'b'],
      ['x, y', 'say "hi"'],
      ['l1\nl2', 'z'],
    ]);
  });
  it('keeps a last line without a newline and empty fields', () => {
    expect(parseCsv('a,b\n,1')).toEqual([
      ['a', 'b'],
      ['', '1'],
    ]);
  });
  it('rejects an unterminated quote', () => {
    expect(() => parseCsv('a\n"open')).toThrow(DatasetError);
  });
});

describe('dataset loaders', () => {
  it('banking77: text,category with quoted fields', async () => {
    const rows = await loadDataset('banking77', fixture('banking77.csv'));
    expect(rows).toEqual([
      { text: 'I am still waiting on my card?', label: 'card_arrival' },
      { text: "My card hasn't arrived, what do I do?", label: 'card_arrival' },
      { text: 'She said "hello", then left', label: 'greeting' },
      { text: 'multi\nline text', label: 'card_arrival' },
    ]);
  });
  it('massive: finds text and label_text by header', async () => {
    const rows = await loadDataset('massive', fixture('massive.csv'));
    expect(rows.map((r) => r.label)).toEqual(['alarm_set', 'alarm_set', 'datetime_query']);
    expect(rows[1]?.text).toBe('设个闹钟, 两小时后');
  });
  it('massive: the parallel train file keeps its zh-CN and zh-TW rows, not the English ones', () => {
    const csv = [
      'id,label,label_text,text,lang,language',
      '1,alarm_set,alarm_set,星期五早上九点叫醒我,zh-CN,zh-CN',
      '1,alarm_set,alarm_set,wake me up at nine am on friday,en-US,en-US',
      '1,alarm_set,alarm_set,星期五早上九點叫醒我,zh-TW,zh-TW',
      '2,weather_query,weather_query,今天天氣如何,zh-TW,zh-TW',
    ].join('\n');
    const rows = parseDataset('massive', csv, 'parallel.csv');
    expect(rows).toEqual([
      { text: '星期五早上九点叫醒我', label: 'alarm_set' },
      { text: '星期五早上九點叫醒我', label: 'alarm_set' },
      { text: '今天天氣如何', label: 'weather_query' },
    ]);
    expect(() =>
      parseDataset('massive', 'id,label_text,text,lang\n1,alarm_set,wake me,en-US\n', 'english-only.csv'),
    ).toThrow(/no examples/);
  });
  it('clinc: train+oos_train / test+oos_test with oos renamed, from one file', async () => {
    const { train, test } = await loadDatasetSplits('clinc', fixture('clinc.json'));
    expect(train).toHaveLength(3);
    expect(train[2]).toEqual({ text: 'what is the capital of peru', label: 'out_of_scope' });
    expect(test.map((t) => t.label)).toEqual(['balance', 'freeze_account', 'out_of_scope']);
  });
  it('jsonl: text/intent lines, blank lines skipped', async () => {
    expect(await loadDataset('jsonl', fixture('intents.jsonl'))).toEqual([
      { text: 'hi there', label: 'greeting' },
      { text: 'thanks a lot', label: 'thanks' },
    ]);
  });
  it('reports bad inputs with typed errors', async () => {
    await expect(loadDataset('banking77', fixture('missing.csv'))).rejects.toMatchObject({ code: 'not_found' });
    await expect(loadDataset('banking77', fixture('bad-header.csv'))).rejects.toMatchObject({ code: 'bad_format' });
    await expect(loadDataset('banking77', fixture('bad-quote.csv'))).rejects.toMatchObject({ code: 'bad_format' });
    await expect(loadDataset('jsonl', fixture('bad.jsonl'))).rejects.toMatchObject({ code: 'bad_format' });
    await expect(loadDataset('clinc', fixture('banking77.csv'))).rejects.toMatchObject({ code: 'bad_format' });
    await expect(loadDatasetSplits('banking77', fixture('banking77.csv'))).rejects.toMatchObject({
      code: 'bad_format',
    });
  });
});
