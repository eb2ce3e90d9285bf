export default function Home() {
  return <p>fixture home</p>;
}
