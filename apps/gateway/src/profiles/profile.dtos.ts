import { ApiProperty } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsString,
  MaxLength,
  MinLength,
} from 'class-validator';

import { DATA_SOURCES, type DataSource } from '@coffer/contracts';

export class AccessSettingsDto {
  @ApiProperty({ description: 'Allow restore from web browser (shows the Data Sources tab)' })
  @IsBoolean()
  allowWebRestore!: boolean;

  @ApiProperty({ description: 'inSync Share' })
  @IsBoolean()
  allowShare!: boolean;
}

export class CreateProfileDto extends AccessSettingsDto {
  @ApiProperty({ example: 'Sales' })
  @IsString()
  @MinLength(1, { message: 'Enter the profile name.' })
  @MaxLength(100)
  name!: string;

  @ApiProperty({ enum: DATA_SOURCES, isArray: true })
  @IsArray()
  @ArrayMaxSize(DATA_SOURCES.length)
  @IsIn(DATA_SOURCES, {
    each: true,
    message: `Data sources are among: ${DATA_SOURCES.join(', ')}.`,
  })
  dataSources!: DataSource[];
}

export class RenameProfileDto {
  @ApiProperty({ example: 'Sales EMEA' })
  @IsString()
  @MinLength(1, { message: 'Enter the profile name.' })
  @MaxLength(100)
  name!: string;
}

export class AssignProfileDto {
  @ApiProperty()
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  profileId!: string;
}
