// Hashing lives in platform (the seed hashes the demo logins' passwords too); auth decides the rules.
export { hashPassword, MIN_PASSWORD_LENGTH, verifyPassword } from '../platform/secrets/passwords.js';
