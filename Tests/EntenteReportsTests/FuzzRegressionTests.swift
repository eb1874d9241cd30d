import EntenteCore
import EntenteReports
import Testing

/// Inputs that crashed the fuzz-csv target (Fuzz/), kept so the fix stays.
@Suite struct CSVFuzzRegressionTests {
    /// A cost of 10^18 − 1 whole units: its minor units overflowed `Int64` and the import
    /// crashed. Now the row is refused with the line and the column.
    @Test func aCostTooLargeIsRefusedWithItsPlace() {
        let csv = "title,start,costs\r\nA,2024-01-01,999999999999999999 CAD q\r\n"
        #expect {
            _ = try ActivityCSV.parse(csv, agreementID: "fuzz")
        } throws: { error in
            guard let e = error as? CSVError else { return false }
            return e.line == 2 && e.column == "costs" && e.message(.fr).contains("999999999999999999")
                && e.message(.en).contains("999999999999999999")
        }
    }
}
