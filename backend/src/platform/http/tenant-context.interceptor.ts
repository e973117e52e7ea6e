import { type CallHandler, type ExecutionContext, Injectable, type NestInterceptor } from '@nestjs/common';
import { Observable } from 'rxjs';
import { TenantContext } from '../database/tenant-context.js';
import { requestOf } from './request.js';

/** Runs the handler inside the actor's AsyncLocalStorage context, set by the ActorGuard. */
@Injectable()
export class TenantContextInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const actor = requestOf(context).actor ?? {};
    return new Observable((subscriber) => TenantContext.run(actor, () => next.handle().subscribe(subscriber)));
  }
}
