"""The test tiers: ``slow`` marks the tests that start kernels, browsers or LibreOffice, or really hang and
kill processes; ``bash scripts/test.sh --quick`` leaves them out (about a minute on 2 cores), the default
run and CI keep them.

A test belongs here when one run of it takes a second or more on the 2-core machine (``pytest
--durations=0``); ``tests/test_tiers.py`` keeps the list true to the test files.
"""

from __future__ import annotations

import pytest

ALL = "all"

#: test module → ALL, or the names of its slow test functions (every parametrization of a name).
SLOW: dict[str, object] = {
    "test_accessibility": ALL,
    "test_audit_cli": {
        "test_folder_gets_pages_and_an_index_and_one_bad_file_costs_nothing_else",
    },
    "test_audit_corpus": ALL,
    "test_audit_defects": {
        "test_2021_layout_citing_the_2019_notice_fails_f1",
        "test_2023_report_in_the_2019_layout_fails_f1",
        "test_amount_in_yuan_is_read_in_wan_yuan_and_flagged",
        "test_amount_without_any_unit_is_a_warning_not_a_guess",
        "test_blank_cells_fail_b1_and_are_null_not_zero",
        "test_carry_over_identity_broken",
        "test_every_form_reads_the_same_figures",
        "test_label_drift_and_plus_sign_in_the_2019_layout",
        "test_label_drift_in_the_2021_layout_is_read_and_noted",
        "test_narrative_figures_that_contradict_the_tables_fail_p1",
        "test_outcomes_that_exceed_the_printed_total_fail_r2_without_recomputing",
        "test_section4_group_total_printed_as_zero_fails_r8",
        "test_tables_published_as_images_are_said_not_guessed",
        "test_township_printing_regulations_fails_g1",
        "test_unit_typed_into_a_number_cell_fails_u1",
        "test_word_document_printed_to_pdf_by_libreoffice",
        "test_wrong_applicant_column_fails_r1_for_both_columns",
    },
    "test_audit_folder": {
        "test_a_worker_that_dies_costs_only_its_document",
        "test_summary_workbook_and_csv_one_row_per_document",
    },
    "test_audit_properties": ALL,
    "test_audit_roundtrip": ALL,
    "test_batch": {
        "test_batch_formats_write_every_file_and_the_county_workbook",
        "test_batch_writes_every_report_rollup_and_index",
        "test_changed_params_reruns_only_its_report_and_rollup",
        "test_corrupt_ledger_fails_alone",
        "test_dead_kernel_fails_alone",
        "test_interrupted_batch_resumes",
        "test_kernel_start_is_retried_once",
        "test_warm_notebook_matches_gk_report",
        "test_strict_exits_1_when_a_report_fails_its_checks",
    },
    "test_bounds": {
        "test_deep_nesting_is_an_error_not_a_crash",
        "test_xlsx_expanding_past_the_limit_is_refused_before_reading",
    },
    "test_bounded_batch": ALL,
    "test_browser": ALL,
    "test_cases": {
        "test_case_lists_match_counts_partition_totals_and_naive_classification",
        "test_cases_behind_a_cell_with_file_sheet_and_row",
        "test_gk_tables_json_cases_is_the_report_shape",
    },
    "test_cli": {
        "test_bad_ledger_exits_1_with_the_problem_and_no_json",
    },
    "test_continuity": {
        "test_gk_tables_previous_from_a_params_file_or_a_report_json",
        "test_last_years_kit_json_when_params_have_no_previous",
    },
    "test_conventions": {
        "test_help_notebook_documents_every_parameter",
        "test_kit_params_yaml_with_f_is_refused_clearly",
        "test_nbconvert_exporter_gives_the_gk_report_page_byte_for_byte",
        "test_params_file_wins_over_the_default_township_and_year",
        "test_template_under_the_jupyter_data_path_gives_the_same_page",
    },
    "test_dask": ALL,
    "test_deadlines": {
        "test_a_later_reply_never_turns_late_into_on_time",
        "test_a_million_applications_take_no_loop",
    },
    "test_check_or_render": ALL,
    "test_county": ALL,
    "test_explore": {
        "test_explore_notebook_runs_and_shows_tables_cases_history_open_applications_and_the_county",
    },
    "test_fonts": ALL,
    "test_hostile": {
        "test_a_ledger_past_the_memory_cap_names_the_file_and_the_cap",
        "test_check_and_tables_have_a_deadline",
        "test_hostile_workbook_is_refused_before_calamine",
        "test_ledger_link_out_of_the_folder_is_refused_and_never_read",
        "test_ledger_values_with_escape_sequences_are_printed_escaped",
        "test_previous_fifo_is_refused_up_front",
        "test_previous_json_past_the_limit_is_not_read",
        "test_previous_pdf_bomb_named_in_the_params_file_fails_that_report",
    },
    "test_hostile_audit": ALL,
    "test_layers": {
        "test_a_lower_layer_importing_a_higher_one_breaks_the_contract",
    },
    "test_notebook_view": ALL,
    "test_packaging": {
        "test_cli_help_lists_every_command",
    },
    "test_project": {
        "test_a_built_wheel_carries_the_notebooks_as_files",
        "test_a_year_without_records_is_a_report_of_zeros_and_an_undeclared_year_is_an_error",
        "test_from_an_empty_folder_to_a_report",
        "test_the_empty_template_runs_with_a_prominent_hint",
        "test_the_project_notebook_runs_in_jupyter_from_its_folder",
    },
    "test_pagination": ALL,
    "test_pdf": ALL,
    "test_page": {
        "test_normalize_is_beautifulsoups_or_declines",
        "test_short_way_is_nbconverts_bytes_on_real_reports",
    },
    "test_properties": ALL,
    "test_publication": {
        "test_a_broken_county_template_fails_the_report_in_chinese",
        "test_any_figures_read_back_from_word_and_excel",
        "test_county_templates_override_the_packaged_ones",
        "test_county_templates_reach_the_reports",
        "test_docx_converts_with_libreoffice",
        "test_docx_reads_back_cell_for_cell",
        "test_missing_pdf_engine_is_one_note",
    },
    "test_report": {
        "test_failed_run_keeps_the_notebook_and_names_the_cell",
        "test_ledger_text_and_prose_markup_are_escaped",
        "test_notebook_runs_as_is_with_its_default_parameters",
        "test_rerun_gives_a_byte_identical_html_and_json",
        "test_title_and_the_six_headings_in_order",
    },
    "test_review_summary": ALL,
    "test_review_templates": {
        "test_ledger_markup_is_text_on_the_review_page",
    },
    "test_robust": {
        "test_a_terminal_that_goes_away_does_not_stop_the_batch",
        "test_failed_rerun_keeps_the_last_good_report_and_says_so",
        "test_failed_rerun_with_formats_keeps_the_last_good_word_and_excel",
        "test_fresh_batch_with_one_bad_township_makes_fifteen_reports",
        "test_full_disk_while_the_notebook_is_saved_is_disk_full",
        "test_gk_report_timeout",
        "test_kernel_connection_file_is_removed_once_the_kernel_is_ready",
        "test_kill_9_leaves_no_orphans_no_connection_files_and_an_honest_index",
        "test_one_township_bad_in_each_way",
        "test_output_folder_that_is_a_file_is_reported_once_with_exit_2",
        "test_params_made_unreadable_keeps_the_last_good_report_marked",
        "test_second_runner_on_the_same_folder_exits_2_naming_the_holder",
        "test_timeout_kills_the_kernel_names_the_cell_and_the_batch_goes_on",
        "test_worker_stuck_outside_the_kernel_is_killed",
        "test_write_failures_are_contained_with_chinese_reasons",
    },
    "test_row_sources": ALL,
    "test_rollup": {
        "test_chart_is_inline_svg_readable_without_colour_and_byte_stable",
        "test_rollup_notebook_renders_index",
        "test_rollup_page_shows_the_chart",
    },
    "test_sample": {
        "test_the_sample_run_fails_and_warns_only_where_designed",
        "test_params_are_what_the_generator_writes",
        "test_regenerating_gives_byte_identical_files",
    },
    "test_sheet_arrow": {
        "test_fastexcel_and_python_calamine_give_the_same_sheet_frames_and_messages",
    },
    "test_template": {
        "test_libreoffice_opens_the_template_and_keeps_its_dropdowns",
    },
    "test_validation": {
        "test_cli_check_lists_problems_and_exits_1",
        "test_cli_never_shows_a_traceback",
        "test_cli_on_a_folder_that_does_not_exist",
    },
}


#: test module → its fixtures that run a batch, kernels or a browser once for the module (their tests are slow too).
SLOW_FIXTURES: dict[str, set[str]] = {
    "test_audit_corpus": {"built"},
    "test_audit_defects": {"files"},
    "test_audit_realworld": {"files"},
    "test_batch": {"done"},
    "test_conventions": {"report"},
    "test_publication": {"made"},
    "test_report": {"rendered"},
    "test_robust": {"sixteen", "three"},
}


def pytest_collection_modifyitems(config, items):
    """Mark the slow tests (``-m "not slow"`` is the quick tier)."""
    for item in items:
        module = item.module.__name__.rsplit(".", 1)[-1]
        names = SLOW.get(module)
        if (names is ALL or (names and item.originalname in names)
                or SLOW_FIXTURES.get(module, set()) & set(getattr(item, "fixturenames", ()))):
            item.add_marker(pytest.mark.slow)
