-- Every contract code a source states (France Travail typeContrat, Adzuna contract_type) is in the
-- seed contract_mapping: a new code fails the build instead of silently becoming AUTRE.
select source, stated_code, contract_key
from {{ ref('int_contracts__mapped') }}
where stated_code is not null and stated_contract_type is null
