// The API shapes of areas: a layer's areas as GeoJSON.
import { z } from 'zod';
import { featureCollectionSchema, geometrySchema } from '../../core/schemas.ts';

/** The properties of an area's feature (service.layerGeoJson). */
export const areaPropertiesSchema = z.object({
  code: z.string(), name: z.string(), layer: z.string(), parentCode: z.string().nullable(), areaKm2: z.number().nullable(),
  labelPoint: z.array(z.number()).nullable().describe('[x, y] inside the area for its label'),
});

/** A layer's areas: MultiPolygons (or null), with the tolerance the geometry was simplified for (metres). */
export const layerGeoJsonSchema = featureCollectionSchema(areaPropertiesSchema, geometrySchema.nullable())
  .extend({ tolerance: z.number().describe('simplification tolerance in metres of the projected CRS (0 = full detail)') });
