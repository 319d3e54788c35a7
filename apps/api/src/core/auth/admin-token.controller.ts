import { Controller, Get, HttpCode, HttpStatus, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AdminGuard } from './admin.guard';

/** Lets a client check an admin token when it is entered, instead of on the first admin action. */
@ApiTags('auth')
@Controller('auth')
export class AdminTokenController {
  @Get('admin')
  @UseGuards(AdminGuard)
  @ApiBearerAuth()
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Check the admin token: 204 when valid, 401 without a token, 403 with a wrong one' })
  check(): void {
    // The guard has decided; nothing else to do.
  }
}
