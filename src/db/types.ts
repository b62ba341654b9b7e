// Column types drizzle does not declare correctly for PostGIS: its geometry() drops the SRID.
import { customType } from 'drizzle-orm/pg-core';

export const multiPolygon4326 = customType<{ data: string; driverData: string }>({
  dataType() {
    return 'geometry(MultiPolygon, 4326)';
  },
});

export const point4326 = customType<{ data: string; driverData: string }>({
  dataType() {
    return 'geometry(Point, 4326)';
  },
});
