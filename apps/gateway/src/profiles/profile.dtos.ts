import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength, MinLength } from 'class-validator';

/** Users → Assign profile (users.controller.ts); the profile routes send message definitions. */
export class AssignProfileDto {
  @ApiProperty()
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  profileId!: string;
}
