import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength, MinLength } from 'class-validator';

export class ChoosePasswordDto {
  @ApiProperty({ description: 'The token from the emailed link' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  token!: string;

  @ApiProperty({ format: 'password', description: 'At least 12 characters, not a common password' })
  @IsString()
  @MaxLength(1024, { message: 'The password is too long.' })
  newPassword!: string;
}
