import { describe, expect, it } from 'vitest';
import { contentSecurityPolicyFor, sendsHsts } from './security-headers.js';

describe('contentSecurityPolicyFor', () => {
  it('lets the portal run its own scripts only, and nobody frame it', () => {
    const policy = contentSecurityPolicyFor('/');
    expect(policy).toContain("frame-ancestors 'none'");
    expect(policy).toContain("script-src 'self';");
    expect(policy).toContain("object-src 'none'");
    expect(policy).not.toContain('unsafe-eval');
    expect(policy).not.toMatch(/script-src[^;]*unsafe-inline/);
    // Pages served over plain http (development) must keep loading their assets.
    expect(policy).not.toContain('upgrade-insecure-requests');
  });

  it("allows bull-board's fonts on the queue board only", () => {
    expect(contentSecurityPolicyFor('/admin/queues/static/x.css')).toContain('https://fonts.googleapis.com');
    expect(contentSecurityPolicyFor('/admin/queues')).toContain('https://fonts.gstatic.com');
    expect(contentSecurityPolicyFor('/admin/queuesx')).not.toContain('googleapis');
    expect(contentSecurityPolicyFor('/')).not.toContain('googleapis');
  });
});

describe('sendsHsts', () => {
  it('sends HSTS over https only, unless told', () => {
    expect(sendsHsts('auto', 'https')).toBe(true);
    expect(sendsHsts('auto', 'http')).toBe(false);
    expect(sendsHsts('on', 'http')).toBe(true);
    expect(sendsHsts('off', 'https')).toBe(false);
  });
});
