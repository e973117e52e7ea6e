import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { Strategy } from 'passport-local';
import type { SettleRequest } from '../platform/http/request.js';
import { AuthService, type AuthenticatedUser } from './auth.service.js';

/** passport-local: email + password, checked under the login rate limits. */
@Injectable()
export class LocalStrategy extends PassportStrategy(Strategy) {
  constructor(private readonly auth: AuthService) {
    super({ usernameField: 'email', passwordField: 'password', passReqToCallback: true });
  }

  validate(request: SettleRequest, email: string, password: string): Promise<AuthenticatedUser> {
    return this.auth.verifyCredentials(email, password, request.ip);
  }
}
