-- The attributes of zoning units ($1 ids), plans ($2 ids), restrictions ($3 ids) and dataset versions ($4 ids), as
-- one JSON row per item. Rows never change once committed (a new version adds rows; only valid_to is set later,
-- and it is not read here).
SELECT 'unit' AS kind, z.id, json_build_object(
         'code', z.code, 'name', z.name, 'zone_group', z.zone_group, 'category', z.category,
         'plan_code', z.plan_code, 'dataset_version_id', z.dataset_version_id,
         'permitted_uses', z.permitted_uses, 'conditional_uses', z.conditional_uses,
         'forbidden_uses', z.forbidden_uses, 'pot_max_pct', z.pot_max_pct, 'cut_max', z.cut_max,
         'height_max_m', z.height_max_m, 'height_total_max_m', z.height_total_max_m,
         'height_regime', z.height_regime, 'max_floors', z.max_floors, 'min_parcel_area_m2', z.min_parcel_area_m2,
         'min_frontage_m', z.min_frontage_m, 'setback_front_m', z.setback_front_m,
         'setback_side_m', z.setback_side_m, 'setback_rear_m', z.setback_rear_m,
         'regulation_url', z.regulation_url, 'regulations', z.regulations) AS attrs
FROM zoning_units z WHERE z.id = ANY($1::int[])
UNION ALL
SELECT 'plan', pl.id, json_build_object(
         'code', pl.code, 'plan_code', pl.code, 'plan_kind', pl.kind, 'dataset_version_id', pl.dataset_version_id,
         'title', pl.title, 'hcl_number', pl.hcl_number, 'hcl_date', to_char(pl.hcl_date, 'YYYY-MM-DD'),
         'in_force_from', to_char(pl.in_force_from, 'YYYY-MM-DD'),
         'in_force_to', to_char(pl.in_force_to, 'YYYY-MM-DD'), 'overrides_pug', pl.overrides_pug)
FROM plans pl WHERE pl.id = ANY($2::int[])
UNION ALL
SELECT 'restriction', r.id, json_build_object(
         'code', r.code, 'name', r.name, 'category', r.kind, 'dataset_version_id', r.dataset_version_id,
         'legal_basis', r.legal_basis, 'description', r.description)
FROM restrictions r WHERE r.id = ANY($3::int[])
UNION ALL
SELECT 'version', d.id, json_build_object(
         'id', d.id, 'layer', d.layer, 'uat_siruta', d.uat_siruta, 'source_file', d.source_file,
         'source_crs', d.source_crs, 'feature_count', d.feature_count,
         'imported_at', to_char(d.imported_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
         'valid_from', to_char(d.valid_from AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'))
FROM dataset_versions d WHERE d.id = ANY($4::int[])
