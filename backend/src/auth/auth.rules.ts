import { z } from 'zod';
import { MIN_PASSWORD_LENGTH } from './passwords.js';

/** Input rules for people and companies; plain zod so that the portal and tests read the same rules. */
export const emailRule = z.email('must be a valid email address').max(254).transform((e) => e.trim().toLowerCase());
export const passwordRule = z
  .string()
  .min(MIN_PASSWORD_LENGTH, `must be at least ${MIN_PASSWORD_LENGTH} characters`)
  .max(256, 'must be at most 256 characters');
export const personNameRule = z.string().trim().max(120).optional().nullable();
export const organisationNameRule = z.string().trim().min(1, 'is required').max(120, 'must be at most 120 characters');

export const signUpRules = z.object({
  companyName: organisationNameRule,
  email: emailRule,
  password: passwordRule,
  name: personNameRule,
});

export const signUpPartnerRules = z.object({
  partnerName: organisationNameRule,
  email: emailRule,
  password: passwordRule,
  name: personNameRule,
});
