import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import nodemailer, { type Transporter } from 'nodemailer';
import type { AppConfig } from '../config/config.js';
import { APP_CONFIG } from '../tokens.js';
import type { MailMessage } from '../queue/jobs.js';
import { QueueService } from '../queue/queue.service.js';

/**
 * Outgoing email through the `mail` queue (retried on SMTP trouble). With SMTP_URL it is sent with
 * nodemailer; without it (development) the message is written to the log instead.
 */
@Injectable()
export class MailService implements OnModuleInit {
  private readonly logger = new Logger('Mail');
  private readonly transport?: Transporter;

  constructor(
    private readonly queues: QueueService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    if (config.SMTP_URL) this.transport = nodemailer.createTransport(config.SMTP_URL);
  }

  onModuleInit(): void {
    this.queues.work('mail', (job) => this.deliver(job.data), 2);
  }

  /** Queues the message; if Redis is unavailable, delivers it now rather than lose it. */
  async send(message: MailMessage): Promise<void> {
    try {
      await this.queues.add('mail', message);
    } catch {
      await this.deliver(message);
    }
  }

  async deliver(message: MailMessage): Promise<void> {
    if (!this.transport) {
      this.logger.log(`Email to ${message.to} — ${message.subject}\n${message.text}`);
      return;
    }
    await this.transport.sendMail({ from: this.config.MAIL_FROM, ...message });
  }
}
