/** Element ids shared by the HTML builder (src/core/report/html.ts) and the webview bundle. */

/** Where the webview renders the report. */
export const REPORT_ROOT_ID = 'drift-report';
/** The <script type="application/json"> holding the report in a standalone HTML file. */
export const REPORT_DATA_ID = 'report-data';
