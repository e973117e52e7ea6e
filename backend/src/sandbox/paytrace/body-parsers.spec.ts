import { describe, expect, it } from 'vitest';
import { parseJsonBody, parseMultipartFields } from './body-parsers.js';

describe('body parsers', () => {
  it('reads the fields of a multipart token request', () => {
    const body = [
      '--XyZ',
      'Content-Disposition: form-data; name="grant_type"',
      '',
      'password',
      '--XyZ',
      'Content-Disposition: form-data; name="username"',
      '',
      'sandbox user',
      '--XyZ',
      'Content-Disposition: form-data; name="file"; filename="a.txt"',
      '',
      'ignored',
      '--XyZ--',
      '',
    ].join('\r\n');
    expect(parseMultipartFields(body, 'multipart/form-data; boundary=XyZ')).toEqual({ grant_type: 'password', username: 'sandbox user' });
    expect(parseMultipartFields(body, 'multipart/form-data')).toEqual({});
  });

  it('treats an empty JSON body as an empty object', () => {
    expect(parseJsonBody('')).toEqual({});
    expect(parseJsonBody('{"a":1}')).toEqual({ a: 1 });
    expect(() => parseJsonBody('{')).toThrow();
  });
});
