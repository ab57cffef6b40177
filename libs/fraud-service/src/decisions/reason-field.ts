import { applyDecorators } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length, Matches } from 'class-validator';

/** Why a person decided (a review, a ban): required, not blank, kept on the record. */
export const ReasonField = () =>
  applyDecorators(
    ApiProperty({ description: 'why, for the record', minLength: 1, maxLength: 1000 }),
    IsString(),
    Length(1, 1000),
    Matches(/\S/, { message: 'reason must not be blank' }),
  );
