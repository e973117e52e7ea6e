import { Module } from '@nestjs/common';
import { APP_GUARD, APP_INTERCEPTOR } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { PassportModule } from '@nestjs/passport';
import { MonitoringModule } from '../monitoring/monitoring.module.js';
import type { AppConfig } from '../platform/config/config.js';
import { TenantContextInterceptor } from '../platform/http/tenant-context.interceptor.js';
import { APP_CONFIG } from '../platform/tokens.js';
import { ActorGuard } from './actor.guard.js';
import { ApiKeysResolver } from './api-keys/api-keys.resolver.js';
import { ApiKeysService } from './api-keys/api-keys.service.js';
import { AuthResolver } from './auth.resolver.js';
import { AuthService } from './auth.service.js';
import { Authenticator } from './authenticator.service.js';
import { LocalStrategy } from './local.strategy.js';
import { LoginThrottle } from './login-throttle.service.js';
import { MeReader } from './me.reader.js';
import { SessionsService } from './sessions.service.js';
import { SignUpFollowUps } from './sign-up-follow-ups.js';
import { SignUpThrottle } from './sign-up-throttle.service.js';

/** Who is calling: sign-up, login, sessions, API keys, and the guard in front of every operation. */
@Module({
  imports: [
    PassportModule,
    MonitoringModule,
    JwtModule.registerAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({ secret: config.jwtSecret, signOptions: { algorithm: 'HS256' }, verifyOptions: { algorithms: ['HS256'] } }),
    }),
  ],
  providers: [
    AuthService,
    AuthResolver,
    Authenticator,
    SessionsService,
    LoginThrottle,
    SignUpThrottle,
    SignUpFollowUps,
    LocalStrategy,
    MeReader,
    ApiKeysService,
    ApiKeysResolver,
    { provide: APP_GUARD, useClass: ActorGuard },
    { provide: APP_INTERCEPTOR, useClass: TenantContextInterceptor },
  ],
  exports: [AuthService, Authenticator, MeReader, SessionsService, SignUpFollowUps],
})
export class AuthModule {}
