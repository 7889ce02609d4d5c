SELECT u."Id" FROM "Users" AS u
WHERE CASE WHEN (SELECT 1 FROM "CustomFieldIndex" c WHERE c."FieldId" = 1 AND c."Text" = 'o0' AND c."Number" IS NULL AND c."Date" IS NULL AND c."EntityId" = u."Id" LIMIT 1) IS NOT NULL
 THEN CASE WHEN (SELECT 1 FROM "CustomFieldIndex" c WHERE c."FieldId" = 2 AND COALESCE(c."Number", -1e18) >= 300 AND COALESCE(c."Number", 1e18) <= 399 AND c."EntityKind" = 0 AND c."EntityId" = u."Id" LIMIT 1) IS NOT NULL
 THEN (SELECT 1 FROM "UserGroupMembers" m WHERE m."UserId" = u."Id" AND m."UserGroupId" = 3 LIMIT 1) IS NOT NULL ELSE FALSE END ELSE FALSE END
ORDER BY u."NormalizedName", u."Id" LIMIT 50
