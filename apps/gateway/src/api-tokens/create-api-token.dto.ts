import { ApiProperty } from '@nestjs/swagger';
import { IsISO8601, IsString, MaxLength, MinLength } from 'class-validator';

export class CreateApiTokenDto {
  @ApiProperty({ example: 'PST downloads' })
  @IsString()
  @MinLength(1, { message: 'Enter a name for the token.' })
  @MaxLength(100)
  name!: string;

  @ApiProperty({
    example: '2027-01-31T00:00:00Z',
    description: 'Required; in the future; at most a year away by default',
  })
  @IsISO8601(
    { strict: true },
    { message: 'The expiry date must be an ISO-8601 date, for example 2027-01-31T00:00:00Z.' },
  )
  expiresAt!: string;
}
