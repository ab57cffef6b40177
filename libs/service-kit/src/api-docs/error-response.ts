import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

class FieldProblem {
  @ApiProperty({ example: 'data.amount' }) field!: string;
  @ApiProperty({ example: 'must be integer' }) message!: string;
}

/** The one error shape of every route (DESIGN.md §7), as OpenAPI shows it. */
export class ErrorResponse {
  @ApiProperty({ example: 400 }) statusCode!: number;
  @ApiProperty({ example: 'Bad Request' }) error!: string;
  @ApiProperty({ example: 'Invalid request' }) message!: string;
  @ApiPropertyOptional({ type: [FieldProblem], description: 'one entry per refused field' }) details?: FieldProblem[];
}
