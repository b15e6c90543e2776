/**
 * Meltwater mention export (PROTOCOLS.md §11.2; 2022 header and the 2025 variant). Identity: `Tweet Id`
 * for X posts, else `URL`. Dates carry no zone (the account's own): they are read as UTC.
 */
import { InvalidRecord } from '../../domain/record.ts';
import { languageCode, parseCount, parseVendorDate, platformFromLabel, platformFromUrl } from '../values.ts';
import { lowerSet, type Row } from './row.ts';
import type { CsvFormat } from './types.ts';

const mapped = lowerSet([
  'Date',
  'Time',
  'Headline',
  'URL',
  'Opening Text',
  'Influencer',
  'Country',
  'Language',
  'Tweet Id',
  'Twitter Screen Name',
  'Twitter Followers',
]);

export const meltwater: CsvFormat = {
  name: 'meltwater',
  matches: (h) =>
    h.has('headline') && h.has('url') && h.has('date') && (h.has('opening text') || h.has('hit sentence')),
  toRecord(row: Row): unknown {
    const url = row.get('URL');
    const tweetId = row.get('Tweet Id');
    const id = tweetId ?? url;
    if (!id) return new InvalidRecord('id: the row has neither a Tweet Id nor a URL');
    const createdAt =
      parseVendorDate(row.get('Date'), row.get('Time')) ??
      parseVendorDate(row.get('Alternate Date Format'), row.get('Time'));
    if (createdAt === undefined) {
      return new InvalidRecord(
        row.get('Date')
          ? `createdAt: "${row.get('Date')}" is not a date`
          : 'createdAt: the Date column is empty',
      );
    }
    const source = tweetId ? 'x' : (platformFromLabel(row.get('Source')) ?? platformFromUrl(url) ?? 'news');
    const r: Record<string, unknown> = {
      source,
      id,
      text: row.first('Opening Text', 'Hit Sentence', 'Headline') ?? '',
      createdAt,
    };
    if (url) r.url = url;
    const title = row.get('Headline');
    if (title) r.title = title;
    const handle = row.first('Twitter Screen Name', 'Influencer');
    if (handle) {
      const author: Record<string, unknown> = { handle: handle.replace(/^@/, '') };
      const name = row.get('Influencer');
      if (name) author.name = name;
      const followers = parseCount(row.get('Twitter Followers'));
      if (typeof followers === 'number') author.followers = followers;
      r.author = author;
    }
    const lang = languageCode(row.get('Language'));
    if (lang) r.lang = lang;
    const country = row.get('Country');
    if (country) r.country = country;
    const rest = row.rest(mapped);
    return rest ? { ...rest, ...r } : r;
  },
};
