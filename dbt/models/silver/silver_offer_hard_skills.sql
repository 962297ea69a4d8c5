-- Hard skills of each silver offer: the union over its source records (int_offer_hard_skills);
-- required when any record requires it; origin 'source' when any record's source gave it.
select
    c.offer_id,
    s.skill_id,
    min(s.skill_label) as skill_label,
    max(case when s.required then 1 else 0 end) = 1 as required,
    case when max(case when s.origin = 'source' then 1 else 0 end) = 1 then 'source' else 'text' end as origin,
    min(s.first_position) as first_position
from {{ ref('int_offer_hard_skills') }} as s
inner join {{ ref('int_offer_clusters') }} as c on c.record_id = s.record_id
group by c.offer_id, s.skill_id
