-- A guard for a statement built of several data-modifying CTEs (an acceptance: the order, its
-- history row, its offers and its round job in one round trip): when `ok` is not true the whole
-- statement fails with SQLSTATE PY001 and the message `code`, so none of its parts is written.
-- VOLATILE (the default) keeps the planner from evaluating it before the rows it checks exist.
CREATE FUNCTION peyk_require(ok boolean, code text) RETURNS boolean LANGUAGE plpgsql AS $$
BEGIN
  IF ok IS NOT TRUE THEN
    RAISE EXCEPTION USING ERRCODE = 'PY001', MESSAGE = code;
  END IF;
  RETURN true;
END;
$$;
