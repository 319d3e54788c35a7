import { Injectable } from '@nestjs/common';

/** The payments area's notion of now (epoch milliseconds); one provider so tests can move time to a window's edges. */
@Injectable()
export class PaymentsClock {
  now(): number {
    return Date.now();
  }
}
